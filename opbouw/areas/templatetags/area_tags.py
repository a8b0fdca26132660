from django import template

register = template.Library()


@register.filter
def figure_label(key: str) -> str:
    """'percentage_personen_0_tot_15_jaar' → 'Percentage personen 0 tot 15 jaar'."""
    return key.replace("_", " ").capitalize()
