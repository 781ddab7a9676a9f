package dev.asyncinspect.cli;

import picocli.CommandLine;

final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"async-inspect " + (version == null ? "development build" : version)
                + " (running on Java " + Runtime.version() + ")"};
    }
}
