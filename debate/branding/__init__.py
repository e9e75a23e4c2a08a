"""The site's branding: organisation name, logo, favicon and colours (``store``)."""
