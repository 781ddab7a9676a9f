package dev.asyncinspect.attach;

/** A target JVM for the tests: says READY, then idles until killed. Must stay Java 17 source. */
public final class SleepingTarget {
    public static void main(String[] args) throws InterruptedException {
        System.out.println("READY");
        System.out.flush();
        while (true) {
            Thread.sleep(60_000);
        }
    }
}
