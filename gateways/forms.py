from django import forms


class GatewayUnavailableForm(forms.Form):
    """Shown on the payment step instead of the redirect when the gateway could not be reached.

    It explains, and submitting it (the page's "Pay" button) asks the gateway again. The donation
    stays pending; nothing is lost.
    """

    template_name_div = "gateways/unavailable.html"
    action = ""
    method = "post"

    def __init__(self, *args, gateway="", **kwargs):
        super().__init__(*args, **kwargs)
        self.gateway = gateway
