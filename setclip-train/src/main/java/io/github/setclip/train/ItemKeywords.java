package io.github.setclip.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * The keywords of a task's T items (the emoji data's CLDR tags, say) and how its T tower reads
 * words: what S-CLIP's keyword-level partial-label loss needs. Tasks whose T items carry no
 * keywords offer none, and the loss is then left out.
 */
public interface ItemKeywords {

    /**
     * The keywords of a training T item.
     *
     * @param tItem the item, in the T numbering of the task's pools
     * @return its keywords (possibly none)
     */
    List<String> of(int tItem);

    /**
     * The T tower's input for words, as for captions.
     *
     * @param manager owns the arrays
     * @param words the words
     * @return the tower input, one row per word
     */
    NDList encode(NDManager manager, List<String> words);
}
