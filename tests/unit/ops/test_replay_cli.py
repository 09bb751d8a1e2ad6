import pytest

from services.ops.replay import parser


@pytest.mark.parametrize(
    "argv, complaint",
    [
        (["one", "payments", "3"], "'payments' is not a dead-letter topic"),
        (["one", "payments.dlq", "-1"], "'-1' is not an offset"),
        (["one", "payments.dlq", "x"], "'x' is not an offset"),
        (["list", "payments.dlq", "--limit", "0"], "give a number from 1 to 500"),
        (["all"], "the following arguments are required: topic"),
    ],
)
def test_bad_arguments_are_refused_where_they_were_typed(argv, complaint, capsys):
    with pytest.raises(SystemExit) as exit_:
        parser().parse_args(argv)
    assert exit_.value.code == 2
    assert complaint in capsys.readouterr().err


def test_good_arguments_parse():
    args = parser().parse_args(["one", "users-created.dlq", "7", "--partition", "0"])
    assert (args.command, args.topic, args.offset, args.partition) == ("one", "users-created.dlq", 7, 0)
    assert parser().parse_args(["all", "payments.dlq", "--include-failed-replays"]).include_failed_replays
