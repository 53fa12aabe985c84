"""What learning asks about packages: which package blocks of a lesson a learner has not completed."""


def incomplete_packages(user, lesson):
    """The ids of the package blocks of ``lesson`` (source page) ``user`` has not completed."""
    from .access import package_blocks, source_lesson
    from .models import PackageAttempt

    lesson = source_lesson(lesson)
    blocks = package_blocks(lesson)
    if not blocks:
        return []
    # An attempt counts for the package the block plays now (a block given another package starts afresh).
    done = set(PackageAttempt.objects.filter(user=user, lesson=lesson, completed_at__isnull=False)
               .values_list("block_id", "package_id")) if user.is_authenticated else set()
    return [block_id for block_id, value in blocks if (block_id, value["package"].pk) not in done]
