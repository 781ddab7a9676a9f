package dev.asyncinspect.render;

import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Task;

/** The frame a user cares about first: their own code, not the JDK's waiting machinery. */
final class Where {

    private Where() {}

    static int focusIndex(Task task) {
        for (int i = 0; i < task.frames().size(); i++) {
            if (!isPlatform(task.frames().get(i).function())) {
                return i;
            }
        }
        return task.frames().isEmpty() ? -1 : 0;
    }

    static String of(Task task) {
        int focus = focusIndex(task);
        if (focus < 0) {
            return "";
        }
        Frame frame = task.frames().get(focus);
        return shortFunction(frame.function()) + " " + frame.location();
    }

    static boolean isPlatform(String function) {
        return function.startsWith("java.") || function.startsWith("jdk.") || function.startsWith("sun.")
                || function.startsWith("kotlin.") || function.startsWith("kotlinx.");
    }

    /** {@code dev.shop.Checkout$Cart.add} → {@code Checkout$Cart.add}. */
    static String shortFunction(String function) {
        int method = function.lastIndexOf('.');
        int type = method <= 0 ? -1 : function.lastIndexOf('.', method - 1);
        return function.substring(type + 1);
    }
}
