"""The action plan's figures, tallied from one assessment's actions (no database)."""

import datetime

from assessments.dashboards.action_plans import DUE_SOON_DAYS, PlannedAction, tally_actions

STATUSES = ["not_started", "in_progress", "done"]

TODAY = datetime.date(2027, 5, 12)


def planned(owner="Finance", days=0, status="not_started", what="Publish the pipeline"):
    return PlannedAction(what, owner, TODAY + datetime.timedelta(days), status, "Engaging")


def test_due_today_is_due_soon_and_yesterday_is_overdue_while_done_is_neither():
    plan = tally_actions(
        [
            planned(days=-1),
            planned(days=0),
            planned(days=DUE_SOON_DAYS),
            planned(days=-9, status="done"),
        ],
        TODAY,
    )
    assert (plan.open, plan.due_soon, plan.overdue, plan.done) == (3, 2, 1, 1)


def test_an_action_due_after_the_window_is_open_but_needs_no_attention():
    plan = tally_actions([planned(days=DUE_SOON_DAYS + 1, status="in_progress")], TODAY)
    assert (plan.open, plan.due_soon, plan.overdue) == (1, 0, 0)
    assert plan.needing_attention == []


def test_at_most_ten_actions_need_attention_in_the_order_given_and_never_done_ones():
    actions = [planned(days=-1, status="done")] + [
        planned(days=d, what=f"Step {d}") for d in range(12)
    ]
    plan = tally_actions(actions, TODAY)
    assert [a.what for a in plan.needing_attention] == [f"Step {d}" for d in range(10)]


def test_no_actions_give_an_empty_plan():
    plan = tally_actions([], TODAY)
    assert (plan.open, plan.done, plan.actions, plan.needing_attention) == (0, 0, [], [])


def test_the_plan_lists_overdue_actions_first_then_the_other_open_ones_then_done_ones():
    actions = [
        planned(days=-9, status="done", what="Done long ago"),
        planned(days=-3, what="Late"),
        planned(days=-1, status="in_progress", what="Late too"),
        planned(days=2, what="Soon"),
        planned(days=90, what="Later"),
    ]
    plan = tally_actions(actions, TODAY)
    assert [(a.what, a.overdue) for a in plan.actions] == [
        ("Late", True),
        ("Late too", True),
        ("Soon", False),
        ("Later", False),
        ("Done long ago", False),
    ]
    assert [a.what for a in plan.done_actions] == ["Done long ago"]
    assert len(plan.open_actions) == 4


def test_each_status_has_its_words_and_tag_colour():
    shown = [(a.status_label, a.status_colour) for a in (planned(status=s) for s in STATUSES)]
    assert shown == [("Not started", "grey"), ("In progress", "light-blue"), ("Done", "green")]
