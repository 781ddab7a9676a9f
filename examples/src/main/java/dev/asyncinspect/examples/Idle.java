package dev.asyncinspect.examples;

/**
 * A JVM that only ticks: the target for attach errors (no JDWP) and for proving it runs on after
 * the tool quits, is interrupted or is killed (the ticks keep coming).
 */
public final class Idle {
    public static void main(String[] args) throws InterruptedException {
        System.out.println("READY");
        for (long tick = 0; ; tick++) {
            System.out.println("tick " + tick); // @line:tick
            Thread.sleep(100);
        }
    }
}
