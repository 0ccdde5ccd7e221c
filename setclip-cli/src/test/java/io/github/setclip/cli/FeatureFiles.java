package io.github.setclip.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.setclip.data.npy.NpyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A features dataset the tests write: two matrices of random rows, their ids, every row paired. */
final class FeatureFiles {

    private FeatureFiles() {}

    /**
     * Writes the files into a folder.
     *
     * @return the {@code --dataset features} flags that name them
     */
    static List<String> write(Path folder, int rows, int sWidth, int tWidth) throws IOException {
        Files.createDirectories(folder);
        List<String> sIds = new ArrayList<>();
        List<String> tIds = new ArrayList<>();
        List<String> pairs = new ArrayList<>(List.of("s_id,t_id"));
        for (int i = 0; i < rows; i++) {
            sIds.add("s" + i);
            tIds.add("t" + i);
            pairs.add("s" + i + ",t" + i);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(5);
            NpyFile.write(folder.resolve("s.npy"), manager.randomNormal(new Shape(rows, sWidth)));
            NpyFile.write(folder.resolve("t.npy"), manager.randomNormal(new Shape(rows, tWidth)));
        }
        Files.write(folder.resolve("s_ids.txt"), sIds);
        Files.write(folder.resolve("t_ids.txt"), tIds);
        Files.write(folder.resolve("pairs.csv"), pairs);
        return List.of("--dataset", "features",
                "--s-features", folder.resolve("s.npy").toString(), folder.resolve("s_ids.txt").toString(),
                "--t-features", folder.resolve("t.npy").toString(), folder.resolve("t_ids.txt").toString(),
                "--pairs", folder.resolve("pairs.csv").toString());
    }
}
