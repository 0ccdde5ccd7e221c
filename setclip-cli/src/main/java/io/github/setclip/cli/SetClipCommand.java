package io.github.setclip.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code setclip} command; its subcommands do the work. */
@Command(
        name = "setclip",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        resourceBundle = "io.github.setclip.cli.SettingDefaults",
        description = {
            "Set-CLIP: align two modalities from a few matched pairs and plenty of unpaired data.",
            ""
        },
        subcommands = {PretrainCommand.class, ExperimentCommand.class, EvalCommand.class,
            EmbedCommand.class, LossCommand.class, ResultsCommand.class, TokenizerCommand.class,
            ExportEmojiCommand.class},
        commandListHeading = "%nCommands:%n")
final class SetClipCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
