import gc

from services.heap import freeze_startup_heap


def test_start_up_objects_leave_the_collections_and_later_garbage_is_still_collected():
    gc.unfreeze()
    try:
        survivor = [object() for _ in range(1000)]
        freeze_startup_heap()
        assert gc.get_freeze_count() >= len(survivor)  # skipped by every later collection

        class Cycle:
            pass

        a, b = Cycle(), Cycle()
        a.other, b.other = b, a
        del a, b
        assert gc.collect() >= 2  # a cycle made after start-up is still found
    finally:
        gc.unfreeze()
