package dev.asyncinspect.cli;

import dev.asyncinspect.attach.JdwpEndpoint;
import dev.asyncinspect.attach.JdwpLocator;
import dev.asyncinspect.attach.JvmDirectory;
import dev.asyncinspect.jdi.JdiTarget;

/** From a pid to an open connection: find (or wake) its JDWP agent, then attach JDI. */
final class Targets {

    private Targets() {}

    static JdiTarget open(long pid) {
        JdwpEndpoint endpoint = new JdwpLocator().locate(pid);
        String mainClass = new JvmDirectory().describe(pid).mainClass();
        return JdiTarget.attach(endpoint.host(), endpoint.port(), pid, mainClass);
    }
}
