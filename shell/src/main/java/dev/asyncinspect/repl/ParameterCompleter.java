package dev.asyncinspect.repl;

import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Completes a command's positional parameters from their picocli completion candidates
 * (picocli-shell-jline3 completes command and option names only).
 */
public final class ParameterCompleter implements Completer {

    private final CommandLine commands;

    public ParameterCompleter(CommandLine commands) {
        this.commands = commands;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        CommandLine command = line.wordIndex() == 0 ? null : commands.getSubcommands().get(words.get(0));
        if (command == null || line.word().startsWith("-")) {
            return;
        }
        int position = 0;
        for (int i = 1; i < line.wordIndex(); i++) {
            OptionSpec option = words.get(i).startsWith("-") ? command.getCommandSpec().findOption(words.get(i)) : null;
            if (option != null) {
                i += option.arity().max() > 0 ? 1 : 0;    // its value is not a positional parameter
            } else if (!words.get(i).startsWith("-")) {
                position++;
            }
        }
        for (PositionalParamSpec parameter : command.getCommandSpec().positionalParameters()) {
            if (parameter.index().contains(position) && parameter.completionCandidates() != null) {
                parameter.completionCandidates().forEach(value -> candidates.add(new Candidate(value)));
            }
        }
    }
}
