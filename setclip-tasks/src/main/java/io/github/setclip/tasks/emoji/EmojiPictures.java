package io.github.setclip.tasks.emoji;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.setclip.data.emoji.EmojiConcept;
import io.github.setclip.data.emoji.EmojiDataset;
import io.github.setclip.data.emoji.EmojiImage;
import io.github.setclip.data.image.ImageAugmentation;
import io.github.setclip.tasks.imagetext.ImageTextModel;
import io.github.setclip.train.ModalityInput;
import io.github.setclip.train.ViewSeeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The picture modality: item i is concept i. The first view is one of the concept's pictures,
 * chosen per step; the second view is its other vendor's picture (both vendors draw the same
 * concept) after a random resized crop, flip and colour jitter. Pixels go to the tower as {@link ImageTextModel#pictureInput}.
 */
final class EmojiPictures implements ModalityInput {

    private final EmojiDataset dataset;
    private final List<EmojiConcept> concepts;
    private final ImageAugmentation augmentation = ImageAugmentation.builder().build();

    EmojiPictures(EmojiDataset dataset, List<EmojiConcept> concepts) {
        this.dataset = dataset;
        this.concepts = concepts;
    }

    @Override
    public NDList batch(NDManager manager, int[] items, ViewSeeds seeds) {
        return new NDList(ImageTextModel.pictureInput(pictures(manager, items, seeds.firstView(), false)));
    }

    @Override
    public NDList secondView(NDManager manager, int[] items, ViewSeeds seeds) {
        NDArray other = pictures(manager, items, seeds.firstView(), true);
        return new NDList(ImageTextModel.pictureInput(augmentation.apply(other, seeds.secondView())));
    }

    /** Every picture of each item (both vendors'), the choices a first view has. */
    @Override
    public NDList everyFirstView(NDManager manager, int[] items) {
        List<EmojiImage> all = new ArrayList<>();
        for (int item : items) {
            all.addAll(concepts.get(item).images());
        }
        return new NDList(ImageTextModel.pictureInput(dataset.images(manager, all)));
    }

    /**
     * One picture per item: the seeded vendor choice, or (with the same seed) the other vendor's
     * for the second view.
     */
    private NDArray pictures(NDManager manager, int[] items, long seed, boolean other) {
        Random random = new Random(seed);
        List<EmojiImage> chosen = new ArrayList<>(items.length);
        for (int item : items) {
            List<EmojiImage> images = concepts.get(item).images();
            int pick = random.nextInt(images.size());
            if (other && images.size() > 1) {
                pick = (pick + 1) % images.size();
            }
            chosen.add(images.get(pick));
        }
        return dataset.images(manager, chosen);
    }
}
