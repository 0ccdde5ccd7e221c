package io.github.setclip.data.emoji;

import java.util.List;

/**
 * One emoji: its caption and class labels, and its pictures (one per vendor that draws it).
 *
 * @param id code points without FE0F, e.g. {@code 1F913}
 * @param caption the CLDR label followed by its tags, e.g. "nerd face: brainy, clever, ..."
 * @param group the emoji group (9 classes), e.g. "smileys &amp; emotion"
 * @param subgroup the subgroup (98 classes), e.g. "with glasses"
 * @param images the pictures of this concept, one per vendor
 */
public record EmojiConcept(
        String id, String caption, String group, String subgroup, List<EmojiImage> images) {}
