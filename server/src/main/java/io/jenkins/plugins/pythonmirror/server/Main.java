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

    public static void main(String[] args) {
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
