/**
 * Datasets for SetCLIP-J. The readers of user data share an error policy: a bad row gives a {@link
 * io.github.setclip.data.BadInputException} naming file, line (or record) and problem, or, with
 * {@link io.github.setclip.data.BadRows#skip()}, is skipped and counted.
 */
package io.github.setclip.data;
