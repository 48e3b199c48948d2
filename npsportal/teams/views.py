"""Pages of invitations and teams: LGA staff invite heads and colleagues, heads run their team,
and invited people join."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.generic import FormView, ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from npsportal.models import Council, Invitation, Membership, User, normalise_email
from npsportal.roles import Role
from npsportal.selectors import roles_at
from npsportal.teams import selectors, services
from npsportal.teams.forms import AcceptForm, ChangeRoleForm, InviteForm
from npsportal.two_factor import second_step_url

MODEL_BACKEND = "npsportal.backends.EmailPasswordBackend"


class InvitationDaysMixin:
    """Pages that say how long an invitation's link works."""

    def get_context_data(self, **kwargs):
        days = settings.INVITATION_DAYS
        return super().get_context_data(**kwargs) | {"invitation_days": days}


class CouncilListView(PermissionRequiredMixin, ListView):
    """Every council, its heads of procurement and whether it has joined; search by name."""

    permission_required = "npsportal.invite_heads"
    template_name = "teams/council_list.html"
    context_object_name = "councils"
    paginate_by = 50

    def get_queryset(self):
        self.query = self.request.GET.get("q", "")[:150]
        return selectors.councils_with_heads(self.query)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"query": self.query}


class InvitationListView(InvitationDaysMixin, PermissionRequiredMixin, ListView):
    """Every invitation with its state, newest first, filtered by state."""

    permission_required = "npsportal.invite_heads"
    template_name = "teams/invitation_list.html"
    context_object_name = "invitations"
    paginate_by = 50

    def get_queryset(self):
        self.state = self.request.GET.get("state", "")
        if self.state not in Invitation.State.values:
            self.state = ""
        return selectors.invitations(state=self.state)

    def get_context_data(self, **kwargs):
        states = Invitation.State.choices
        return super().get_context_data(**kwargs) | {"state": self.state, "states": states}


class TeamMixin:
    """The team of the URL's council (no slug: LGA staff), which the person must run: another
    council's team is a 404."""

    def dispatch(self, request, *args, **kwargs):
        slug = kwargs.get("slug")
        if slug is None:
            self.council = None
            if not request.user.has_perm("npsportal.manage_lga_team"):
                raise PermissionDenied
        else:
            self.council = get_object_or_404(Council, slug=slug)
            if not request.user.has_perm("npsportal.manage_team", self.council):
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def team_url(self) -> str:
        if self.council is None:
            return reverse("teams:lga_team")
        return reverse("teams:team", args=[self.council.slug])

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "council": self.council,
            "team_url": self.team_url(),
        }


class TeamView(TeamMixin, TemplateView):
    """A council's members (or LGA staff) and the invitations not yet accepted."""

    template_name = "teams/team.html"

    def get_context_data(self, **kwargs):
        council = self.council
        waiting = selectors.invitations(council=council, lga_staff=council is None)
        waiting = [i for i in waiting.filter(accepted_at=None, revoked_at=None)]
        yours = council is not None and Role.LEAD in roles_at(self.request.user, council)
        return super().get_context_data(**kwargs) | {
            "members": selectors.members_of(council),
            "invitations": waiting,
            "yours": yours,
        }


class InviteView(InvitationDaysMixin, TeamMixin, FormView):
    """Invites someone to the team: a role on a council's team, LGA staff on the LGA's."""

    template_name = "teams/invite.html"
    form_class = InviteForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"with_role": self.council is not None}

    def get_initial(self):
        # "Invite them as a contributor" links here with ?role=contributor: the choice made.
        role = self.request.GET.get("role")
        return {"role": role} if role in Role.values else {}

    def form_valid(self, form):
        role = form.cleaned_data.get("role", Role.LGA_STAFF)
        if not _invite(self.request, form, role=role, council=self.council):
            return self.form_invalid(form)
        return redirect(self.team_url())


class InviteHeadView(InvitationDaysMixin, PermissionRequiredMixin, FormView):
    """LGA staff invite a council's head of procurement."""

    permission_required = "npsportal.invite_heads"
    template_name = "teams/invite.html"
    form_class = InviteForm

    def dispatch(self, request, *args, **kwargs):
        self.council = get_object_or_404(Council, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return None

    def form_valid(self, form):
        if not _invite(self.request, form, role=Role.LEAD, council=self.council):
            return self.form_invalid(form)
        return redirect("teams:invitation_list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "council": self.council,
            "team_url": reverse("teams:council_list"),
            "head": True,
        }


def _invite(request, form, *, role: str, council: Council | None) -> bool:
    """Sends the invitation; on a broken rule, puts the reason at the email address."""
    data = form.cleaned_data
    try:
        invitation = services.invite(
            email=data["email"],
            full_name=data["full_name"],
            role=role,
            council=council,
            by=request.user,
        )
    except services.TeamRuleBroken as error:
        form.add_error("email", error.message)
        return False
    messages.success(request, f"Invitation sent to {invitation.email}")
    return True


class MemberMixin(TeamMixin):
    """A member of the team of the URL."""

    def get_member(self) -> Membership:
        members = Membership.objects.select_related("user", "council")
        return get_object_or_404(members, pk=self.kwargs["pk"], council=self.council)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"member": self.get_member()}


class MemberRoleView(MemberMixin, FormView):
    """A head of procurement gives a member of their council another role."""

    template_name = "teams/member_role.html"
    form_class = ChangeRoleForm

    def dispatch(self, request, *args, **kwargs):
        if kwargs.get("slug") is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        member = self.get_member()
        return super().get_form_kwargs() | {
            "name": member.user.get_full_name(),
            "initial": {"role": member.role},
        }

    def form_valid(self, form):
        member = self.get_member()
        try:
            services.change_role(
                membership=member, role=form.cleaned_data["role"], by=self.request.user
            )
        except services.TeamRuleBroken as error:
            form.add_error("role", error.message)
            return self.form_invalid(form)
        messages.success(self.request, f"{member.user.get_full_name()}'s role changed")
        return redirect(self.team_url())


class MemberRemoveView(MemberMixin, TemplateView):
    """Confirms, then removes a member: their access ends at once, their work stays."""

    template_name = "teams/member_remove.html"

    def post(self, request, *args, **kwargs):
        member = self.get_member()
        try:
            services.remove_member(membership=member, by=request.user)
        except services.TeamRuleBroken as error:
            context = self.get_context_data(refused=error.message)
            return self.render_to_response(context)
        messages.success(request, f"{member.user.get_full_name()} removed from the team")
        return redirect(self.team_url())


class TeamChooseView(PermissionRequiredMixin, TemplateView):
    """Which team to run, for a head of procurement at more than one council."""

    permission_required = "npsportal.manage_a_team"
    template_name = "teams/team_choose.html"

    def get(self, request, *args, **kwargs):
        councils = selectors.councils_led_by(request.user)
        if len(councils) == 1:
            return redirect("teams:team", slug=councils[0].slug)
        return self.render_to_response(self.get_context_data(councils=councils))


class InvitationActionView(InvitationDaysMixin, TemplateView):
    """Confirms, then re-sends or revokes an invitation its council's head or LGA staff manage."""

    action = ""

    def dispatch(self, request, *args, **kwargs):
        self.invitation = get_object_or_404(
            Invitation.objects.select_related("council", "invited_by"), pk=kwargs["pk"]
        )
        if not request.user.has_perm("npsportal.manage_invitation", self.invitation):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_template_names(self):
        return [f"teams/invitation_{self.action}.html"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "invitation": self.invitation,
            "back": _back_from(self.request.user, self.invitation),
        }

    def post(self, request, *args, **kwargs):
        by, invitation = request.user, self.invitation
        if self.action == "resend":
            sends = _int(request.POST.get("sends"))
            done = services.resend(invitation=invitation, by=by, sends=sends)
            text = f"A new invitation has been sent to {invitation.email}"
        else:
            done = services.revoke(invitation=invitation, by=by)
            text = f"The invitation to {invitation.email} has been revoked"
        if done:
            messages.success(request, text)
        return redirect(_back_from(by, invitation))


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def _back_from(user, invitation: Invitation) -> str:
    """Where the person came from: their team's page, or the list of every invitation."""
    council = invitation.council
    if council is not None and user.has_perm("npsportal.manage_team", council):
        return reverse("teams:team", args=[council.slug])
    if council is None:
        return reverse("teams:lga_team")
    return reverse("teams:invitation_list")


@method_decorator(login_not_required, name="dispatch")
class AcceptView(View):
    """Joining from an invitation's link: a new person chooses a name and password, someone with
    an account accepts as themselves; every bad link is a page saying what to do."""

    def dispatch(self, request, *args, **kwargs):
        self.invitation = services.find_invitation(kwargs["token"])
        if self.invitation is None:
            return self.problem("unknown", status=404)
        if self.invitation.state != Invitation.State.WAITING:
            return self.problem(self.invitation.state, status=410)
        user = request.user
        if user.is_authenticated and normalise_email(user.email) != self.invitation.email:
            return self.problem("someone_else", status=403)
        return super().dispatch(request, *args, **kwargs)

    def problem(self, state: str, status: int):
        context = {"state": state, "invitation": self.invitation}
        return render(self.request, "teams/accept_problem.html", context, status=status)

    def existing_account(self) -> bool:
        return User.objects.with_email(self.invitation.email).filter(is_active=True).exists()

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return self.page("teams/accept_member.html")
        if self.existing_account():
            return self.page("teams/accept_sign_in.html")
        form = AcceptForm(
            email=self.invitation.email, initial={"full_name": self.invitation.full_name}
        )
        return self.page("teams/accept.html", form=form)

    def page(self, template: str, **context):
        context |= {"invitation": self.invitation, "path": self.request.get_full_path()}
        return render(self.request, template, context)

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return self.accept_member()
        if self.existing_account():
            return self.page("teams/accept_sign_in.html")
        form = AcceptForm(request.POST, email=self.invitation.email)
        if not form.is_valid():
            return self.page("teams/accept.html", form=form)
        return self.accept_new(form.cleaned_data)

    def accept_member(self):
        try:
            services.accept_as_member(invitation=self.invitation, user=self.request.user)
        except services.InvitationUnusable as refused:
            return self.problem(refused.state, status=410)
        messages.success(self.request, f"You have joined {self.invitation.where}")
        return redirect("home")

    def accept_new(self, data):
        try:
            user = services.accept_as_new_person(
                invitation=self.invitation,
                full_name=data["full_name"],
                password=data["new_password1"],
            )
        except services.InvitationUnusable as refused:
            return self.problem(refused.state, status=410)
        login(self.request, user, backend=MODEL_BACKEND)
        messages.success(self.request, f"You have joined {self.invitation.where}")
        home = reverse("home")
        return redirect(second_step_url(user, home) or home)
