package io.github.setclip.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.util.JsonUtils;
import io.github.setclip.core.ProjectionHead;
import io.github.setclip.core.Towers;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.data.batch.BatchComposition;
import io.github.setclip.data.batch.MixedBatchSampler;
import io.github.setclip.data.batch.SemiPairedPools;
import io.github.setclip.losses.PseudoLabelRule;
import io.github.setclip.train.AlignmentTrainer;
import io.github.setclip.train.ModalityInput;
import io.github.setclip.train.Recipe;
import io.github.setclip.train.SemiSupervisedSettings;
import io.github.setclip.train.TrainingConfig;
import io.github.setclip.train.TrainingSummary;
import io.github.setclip.train.ViewSeeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The semi-supervised methods as library components, on precomputed features: CLIP on 10% of the
 * items paired, plus S-CLIP's optimal-transport pseudo-labels for the unpaired rows and
 * mutual-nearest-neighbour pseudo-pairs mined over a bank of the unpaired items. Because the
 * synthetic data knows which unpaired rows belong together, the trainer reports how many
 * pseudo-pairs it used and what share were true pairs (printed at the end).
 *
 * <p>Run it from the repository root (the library is built by Maven; no CLI is involved):
 * <pre>{@code
 * mvn -q -pl examples -am compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp examples/target/classes:$(cat examples/cp.txt) io.github.setclip.examples.SemiSupervisedExample
 * }</pre>
 */
public final class SemiSupervisedExample {

    private SemiSupervisedExample() {}

    /**
     * Runs the example.
     *
     * @param args optional run folder (default: a temporary folder), optional number of epochs
     * @throws Exception on I/O errors
     */
    public static void main(String[] args) throws Exception {
        int items = 1200;
        Path run = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("setclip-semi");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(7);
            NDArray code = manager.randomNormal(new Shape(items, 16));
            NDArray s = code.matMul(manager.randomNormal(new Shape(16, 64)))
                    .add(manager.randomNormal(0, 0.5f, new Shape(items, 64), DataType.FLOAT32));
            NDArray t = code.matMul(manager.randomNormal(new Shape(16, 48)))
                    .add(manager.randomNormal(0, 0.5f, new Shape(items, 48), DataType.FLOAT32));

            // Start from a recipe (CLIP on additive batches with unpaired negatives), then switch on
            // the semi-supervised components: pseudo-labels and pseudo-pairs.
            TrainingConfig base = TrainingConfig.builder().optEpochs(epochs).optBatchSize(64)
                    .optPairedFraction(0.1).optLearningRate(2e-3).optWarmUpSteps(10).optSeed(7).build();
            TrainingConfig config = Recipe.parse("neg").apply(base).toBuilder()
                    .optSemi(SemiSupervisedSettings.NONE.toBuilder()
                            .optPseudoLabels(PseudoLabelRule.OPTIMAL_TRANSPORT)
                            .optNnPairs(true).optNnPerBatch(16).optNnWarmup(4).optNnRefresh(2)
                            .build())
                    .build();

            TwoStreamModel model = new TwoStreamModel(
                    Towers.of(mlp(), ProjectionHead.build(32, 0.1f)), 1,
                    Towers.of(mlp(), ProjectionHead.build(32, 0.1f)), config.newObjective());
            model.initialize(manager, DataType.FLOAT32,
                    new Shape[] {new Shape(1, 64)}, new Shape[] {new Shape(1, 48)});

            // The pools know which unpaired S and T items are the same (hidden pairs): that is what
            // lets the trainer measure the pseudo-pairs' precision.
            SemiPairedPools pools = SemiPairedPools.builder().setNumItems(items)
                    .setPairedFraction(config.pairedFraction()).optSeed(config.seed()).build();
            MixedBatchSampler sampler = MixedBatchSampler.builder().setPools(pools)
                    .optComposition(BatchComposition.ADDITIVE).optPairedPerBatch(64).optUnpairedPerBatch(64)
                    .optSeed(config.seed()).build();

            TrainingSummary summary = AlignmentTrainer.builder().setConfig(config).setModel(model).setSampler(sampler)
                    .setInputs(rows(s), rows(t)).setRunDirectory(run).optConsole(System.out).build()
                    .train(manager, false);
            System.out.printf("trained %d steps in %.1f s%n", summary.steps(), summary.seconds());
            for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
                Map<?, ?> record = JsonUtils.GSON.fromJson(line, Map.class);
                if ("epoch".equals(record.get("type"))) {
                    System.out.printf("epoch %s: pseudo-label loss gradient %.4f; %s pseudo-pairs used, %s true%n",
                            number(record.get("epoch")), ((Number) record.get("grad_norm_pl")).doubleValue(),
                            number(record.get("nn_pairs_used")), share(record.get("nn_pairs_precision")));
                }
            }
        }
    }

    private static String number(Object value) {
        return String.format("%.0f", ((Number) value).doubleValue());
    }

    private static String share(Object value) {
        return value == null ? "n/a" : String.format("%.0f%%", 100 * ((Number) value).doubleValue());
    }

    private static SequentialBlock mlp() {
        return new SequentialBlock().add(Linear.builder().setUnits(128).build()).add(Activation.reluBlock());
    }

    /** Item i is row i of a feature matrix; the second view adds a little noise. */
    private static ModalityInput rows(NDArray features) {
        return new ModalityInput() {
            @Override
            public NDList batch(NDManager manager, int[] items, ViewSeeds seeds) {
                NDArray picked = features.get(manager.create(items));
                picked.attach(manager);
                return new NDList(picked);
            }

            @Override
            public NDList secondView(NDManager manager, int[] items, ViewSeeds seeds) {
                NDArray x = batch(manager, items, seeds).head();
                return new NDList(x.add(manager.randomNormal(0, 0.1f, x.getShape(), DataType.FLOAT32)));
            }
        };
    }
}
