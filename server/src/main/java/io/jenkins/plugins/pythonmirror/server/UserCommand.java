package io.jenkins.plugins.pythonmirror.server;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code user add|list|remove}: manages {@code <data-dir>/users.json}. */
@Command(
        name = "user",
        mixinStandardHelpOptions = true,
        description = "Manage the users of the standalone server (<data-dir>/users.json, bcrypt-hashed passwords).",
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Remove.class})
final class UserCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand: add, list or remove");
    }

    /** The data directory option all user commands share. */
    static final class DataDirOption {
        @Option(
                names = "--data-dir",
                defaultValue = "data",
                description = "The mirror's data directory (default: ./${DEFAULT-VALUE}).")
        Path dataDir;

        @CommandLine.Mixin
        StoreOptions store;

        /** The users, in the shared bucket when {@code --store} is given (the caller closes nothing: one-shot). */
        UserStore open() throws java.io.IOException {
            return UserStore.open(dataDir, store.open());
        }
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Add a user, or change a user's role and password.")
    static final class Add implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        DataDirOption data;

        @Parameters(index = "0", description = "The user name.")
        String name;

        @Option(
                names = "--role",
                required = true,
                description = "reader (may install private packages), uploader (may also upload), admin, session (a"
                        + " CI system's account: reads, and starts sessions with 'session start') or session-uploader"
                        + " (also uploads, and starts sessions that may publish).")
        String role;

        @Option(
                names = "--password-stdin",
                description = "Read the password as one line from standard input instead of prompting.")
        boolean passwordStdin;

        @Override
        public Integer call() throws IOException {
            UserRole r = parseRole(spec, role);
            String password = readPassword(spec, passwordStdin);
            UserStore store = data.open();
            boolean added;
            try {
                added = store.add(name, r, password);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            spec.commandLine()
                    .getOut()
                    .println((added ? "Added " : "Updated ") + name + " (" + r.word() + ") in " + store.file());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users and their roles.")
    static final class ListUsers implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        DataDirOption data;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            for (UserStore.User u : data.open().list()) {
                out.println(u.name() + "\t" + u.role());
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a user.")
    static final class Remove implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        DataDirOption data;

        @Parameters(index = "0", description = "The user name.")
        String name;

        @Override
        public Integer call() throws IOException {
            UserStore store = data.open();
            if (!store.remove(name)) {
                spec.commandLine().getErr().println("No user named " + name + " in " + store.file());
                return 1;
            }
            spec.commandLine().getOut().println("Removed " + name + " from " + store.file());
            return 0;
        }
    }

    static UserRole parseRole(CommandLine.Model.CommandSpec spec, String role) {
        return UserRole.parse(role)
                .orElseThrow(() -> new CommandLine.ParameterException(
                        spec.commandLine(), "Unknown role '" + role + "': use " + UserRole.words()));
    }

    /** Prompts twice on an interactive console; otherwise (or with --password-stdin) reads one line of stdin. */
    static String readPassword(CommandLine.Model.CommandSpec spec, boolean fromStdin) throws IOException {
        Console console = System.console();
        if (!fromStdin && console != null) {
            char[] first = console.readPassword("Password: ");
            char[] second = console.readPassword("Repeat password: ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "The passwords do not match");
            }
            return new String(first);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null || line.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "No password on standard input");
        }
        return line;
    }
}
