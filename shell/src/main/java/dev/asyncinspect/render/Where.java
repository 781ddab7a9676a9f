package dev.asyncinspect.render;

import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Task;

/** Where a task is, in one short phrase: the frame a user looks at first. */
final class Where {

    private Where() {}

    static String of(Task task) {
        Frame frame = task.focusFrame();
        return frame == null ? "" : frame.shortFunction() + " " + frame.location();
    }
}
