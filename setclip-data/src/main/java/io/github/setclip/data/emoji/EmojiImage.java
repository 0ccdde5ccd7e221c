package io.github.setclip.data.emoji;

/**
 * One picture: a cell of a vendor's 32 px sprite sheet.
 *
 * @param vendor {@code google} (Noto Emoji) or {@code twitter} (Twemoji)
 * @param column the cell's column in the sheet
 * @param row the cell's row in the sheet
 */
public record EmojiImage(String vendor, int column, int row) {}
