package dev.asyncinspect.render;

import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Task;

/** Where a task is, in one short phrase: the frame a user looks at first. */
final class Where {

    private Where() {}

    static String of(Task task) {
        Frame frame = task.focusFrame();
        return frame == null ? "" : shortFunction(frame.function()) + " " + frame.location();
    }

    /** {@code dev.shop.Checkout$Cart.add} → {@code Checkout$Cart.add}. */
    static String shortFunction(String function) {
        int method = function.lastIndexOf('.');
        int type = method <= 0 ? -1 : function.lastIndexOf('.', method - 1);
        return function.substring(type + 1);
    }
}
