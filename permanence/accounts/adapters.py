from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs up alone: coordinators add the members of their group."""

    def is_open_for_signup(self, request) -> bool:
        return False
