package dev.asyncinspect.model;

import java.util.List;

/**
 * One frame of a task's stack: a method of a thread, a pending stage of a future, a suspended
 * function of a coroutine.
 *
 * @param function qualified {@code pkg.Class.method}
 * @param file     source file name, or null when unknown
 * @param line     line number, or -1 when unknown
 * @param note     what this frame is in async terms ("thenApply → f42", "state 1 of 2"), or null
 */
public record Frame(String function, String file, int line, List<Variable> variables, String note) {

    public Frame {
        variables = List.copyOf(variables);
    }

    /** The function without its package: {@code dev.shop.Checkout$Cart.add} → {@code Checkout$Cart.add}. */
    public String shortFunction() {
        int method = function.lastIndexOf('.');
        int type = method <= 0 ? -1 : function.lastIndexOf('.', method - 1);
        return function.substring(type + 1);
    }

    public String location() {
        if (file == null) {
            return "unknown source";
        }
        return line >= 0 ? file + ":" + line : file;
    }
}
