package io.github.setclip.tasks.emoji;

import io.github.setclip.data.batch.SemiPairedPools;
import io.github.setclip.data.emoji.EmojiConcept;
import io.github.setclip.data.emoji.EmojiDataset;
import io.github.setclip.data.emoji.EmojiImage;
import io.github.setclip.data.emoji.EmojiSplits;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes the embedded emoji data the way a user brings theirs: a pairs file, a folder of pictures
 * without captions and a file of texts without pictures, so that {@code setclip pretrain --dataset
 * captions --captions DIR/pairs.csv --unpaired-images DIR/unpaired --unpaired-texts DIR/texts.txt
 * --image-size 32} trains on what {@code setclip pretrain} trains on (same seed, same split):
 *
 * <ul>
 *   <li>{@code pairs.csv} ({@code image,caption,class,split}): the training concepts a run of that
 *       seed pairs (a third, as the emoji default), and every validation and test concept; each of
 *       a concept's two pictures is a row with the concept's caption, its class the emoji group;
 *   <li>{@code unpaired/<vendor>/<id>.png}: both pictures of every other training concept;
 *   <li>{@code texts.txt}: the captions of those concepts, one per line (in another order);
 *   <li>{@code pictures/<vendor>/<id>.png}: the paired pictures.
 * </ul>
 *
 * <p>Pictures are 32 x 32 RGB PNGs, transparent pixels composited on white as the task does. Run as
 * {@code java -cp setclip-cli/target/setclip.jar io.github.setclip.tasks.emoji.EmojiExport DIR [SEED]}.
 */
public final class EmojiExport {

    private EmojiExport() {}

    /**
     * Writes the export.
     *
     * @param dir an empty or missing folder
     * @param seed the seed whose pairing is exported (a run's {@code --seed})
     * @param pairedFraction the share of training concepts paired (1/3 for the emoji default)
     * @return the number of paired training concepts, unpaired concepts and held-out concepts
     * @throws IOException if a file cannot be written
     */
    public static int[] write(Path dir, long seed, double pairedFraction) throws IOException {
        if (Files.exists(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(dir + " is not empty; export into a new folder");
                }
            }
        }
        EmojiDataset dataset = EmojiDataset.loadEmbedded();
        EmojiSplits splits = dataset.split(EmojiTask.SPLIT_SEED);
        List<EmojiConcept> train = splits.train();
        SemiPairedPools pools = SemiPairedPools.builder().setNumItems(train.size())
                .setPairedFraction(pairedFraction).optSeed(seed).build();
        try (Writer out = Files.newBufferedWriter(Files.createDirectories(dir).resolve("pairs.csv"),
                StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get())) {
            csv.printRecord("image", "caption", "class", "split");
            for (int item : pools.pairedIndices()) {
                rows(dataset, train.get(item), "train", dir, csv);
            }
            for (EmojiConcept c : splits.validation()) {
                rows(dataset, c, "val", dir, csv);
            }
            for (EmojiConcept c : splits.test()) {
                rows(dataset, c, "test", dir, csv);
            }
        }
        for (int item : pools.unpairedS()) {
            for (EmojiImage image : train.get(item).images()) {
                save(dataset, image, train.get(item), dir.resolve("unpaired"));
            }
        }
        List<String> texts = new ArrayList<>();
        for (int item : pools.unpairedT()) {
            texts.add(train.get(item).caption());
        }
        Files.write(dir.resolve("texts.txt"), texts, StandardCharsets.UTF_8);
        return new int[] {pools.numPaired(), pools.numUnpairedS(),
            splits.validation().size() + splits.test().size()};
    }

    private static void rows(EmojiDataset dataset, EmojiConcept concept, String split, Path dir, CSVPrinter csv)
            throws IOException {
        for (EmojiImage image : concept.images()) {
            Path file = save(dataset, image, concept, dir.resolve("pictures"));
            csv.printRecord(dir.relativize(file).toString().replace('\\', '/'), concept.caption(), concept.group(),
                    split);
        }
    }

    private static Path save(EmojiDataset dataset, EmojiImage image, EmojiConcept concept, Path folder)
            throws IOException {
        Path file = Files.createDirectories(folder.resolve(image.vendor())).resolve(concept.id() + ".png");
        ImageIO.write(dataset.picture(image), "png", file.toFile());
        return file;
    }
}
