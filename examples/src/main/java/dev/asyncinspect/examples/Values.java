package dev.asyncinspect.examples;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A thread waiting with a value of every kind in its frame: each primitive array type, strings,
 * boxed values and enums, alone, as fields and in collections. What every path (agent, JDWP, a heap
 * dump of JDK 17 or 25) must read the same.
 */
public final class Values {

    enum Priority { LOW, URGENT }

    record Kinds(byte[] bytes, short[] shorts, char[] chars, int[] ints, long[] longs, float[] floats,
                 double[] doubles, boolean[] flags, String text, Integer boxed, Long big, Character letter,
                 Priority priority) {}

    public static void main(String[] args) throws InterruptedException {
        Kinds kinds = new Kinds(new byte[] {1, 2, 3}, new short[] {-4, 5}, new char[] {'o', 'k'}, new int[] {7, 8, 9},
                new long[] {10_000_000_000L}, new float[] {1.5f}, new double[] {2.25, -0.5}, new boolean[] {true, false},
                "paid", 42, 9_000_000_000L, 'x', Priority.URGENT);
        List<Object> arrays = List.of(new byte[] {11}, new int[] {12, 13}, "fourteen", Priority.LOW);
        Map<String, int[]> byName = Map.of("sizes", new int[] {36, 38});
        Thread holder = new Thread(() -> hold(kinds, arrays, byName, new byte[] {21, 22}, new char[] {'h', 'i'}), "values");
        holder.start();
        System.out.println("READY");
        holder.join();
    }

    static void hold(Kinds kinds, List<Object> arrays, Map<String, int[]> byName, byte[] payload, char[] word) {
        try {
            new CountDownLatch(1).await(); // @line:hold
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.println(kinds.text() + arrays.size() + byName.size() + payload.length + word.length);
    }
}
