package dev.asyncinspect.attach;

/** A program started by {@link TargetLauncher}, with the JDWP endpoint it is listening on. */
public record LaunchedTarget(Process process, JdwpEndpoint endpoint) {
}
