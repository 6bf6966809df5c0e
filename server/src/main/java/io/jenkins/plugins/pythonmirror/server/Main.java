package io.jenkins.plugins.pythonmirror.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Command-line entry point of the standalone server. */
@Command(
        name = "python-mirror-server",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "A caching mirror of the Python Package Index, with private packages and mirror sync.",
        subcommands = {
            ServeCommand.class,
            SyncCommand.class,
            UserCommand.class,
            SessionCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One line per log record (java.util.logging's default takes two), unless the operator configured one. */
    static final String LOG_FORMAT = "%1$tF %1$tT %4$s %5$s%6$s%n";

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", LOG_FORMAT);
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (tests run it in-process). */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command, such as 'serve'");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"python-mirror-server " + (v == null ? "(development build)" : v)};
        }
    }
}
