"""Mail in and out: reading messages (.eml, .msg, mbox) and their attachments, building and sending mails."""
