package io.github.setclip.cli;

import io.github.setclip.train.Recipe;
import java.util.Iterator;

/**
 * The ingredients a recipe is made of, for the help of {@code --recipe} and {@code --recipes}
 * (picocli's {@code ${COMPLETION-CANDIDATES}}): read from {@link Recipe#INGREDIENTS}, the list
 * its error names too, so that help and error cannot disagree.
 */
final class RecipeIngredients implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        return Recipe.INGREDIENTS.iterator();
    }
}
