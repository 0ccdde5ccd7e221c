/** The {@code setclip} command-line tool: one picocli command class per subcommand. */
package io.github.setclip.cli;
