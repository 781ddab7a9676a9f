package dev.asyncinspect.agent.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Strings the ring refers to by number (locations, details), each once and at most 65,536 of them. */
final class Texts {
    private static final int LIMIT = 65_536;
    private final Map<String, Integer> numbers = new ConcurrentHashMap<>();
    private final List<String> texts = new ArrayList<>();

    int number(String text) {
        Integer known = numbers.get(text);
        if (known != null) {
            return known;
        }
        synchronized (texts) {
            if (texts.size() >= LIMIT) {
                return -1;
            }
            return numbers.computeIfAbsent(text, t -> {
                texts.add(t);
                return texts.size() - 1;
            });
        }
    }

    String text(int number) {
        synchronized (texts) {
            return number < 0 || number >= texts.size() ? null : texts.get(number);
        }
    }
}
