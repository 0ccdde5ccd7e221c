package io.github.setclip.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.github.setclip.core.ProjectionHead;
import io.github.setclip.core.Towers;
import io.github.setclip.core.TwoStreamModel;
import io.github.setclip.data.batch.MixedBatchSampler;
import io.github.setclip.data.batch.SemiPairedPools;
import io.github.setclip.losses.SetClipObjective;
import io.github.setclip.train.AlignmentTrainer;
import io.github.setclip.train.ModalityInput;
import io.github.setclip.train.ObjectiveSettings;
import io.github.setclip.train.TrainingConfig;
import io.github.setclip.train.TrainingSummary;
import io.github.setclip.train.ViewSeeds;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Set-CLIP on precomputed features, the way a library user would wire it: two modalities of
 * feature vectors (think protein-sequence and structure embeddings) of 2000 items, 10% of them
 * paired, your own encoder blocks, the mixed-batch sampler and the trainer.
 */
public final class FeaturePairsExample {

    private FeaturePairsExample() {}

    /**
     * Runs the example.
     *
     * @param args optional run folder (default: a temporary folder)
     * @throws Exception on I/O errors
     */
    public static void main(String[] args) throws Exception {
        int items = 2000;
        Path run = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("setclip-example");
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(7);
            // Two noisy views of one hidden 16-d code per item; replace with your own matrices.
            NDArray code = manager.randomNormal(new Shape(items, 16));
            NDArray sequence = code.matMul(manager.randomNormal(new Shape(16, 64)))
                    .add(manager.randomNormal(0, 0.5f, new Shape(items, 64), DataType.FLOAT32));
            NDArray structure = code.matMul(manager.randomNormal(new Shape(16, 48)))
                    .add(manager.randomNormal(0, 0.5f, new Shape(items, 48), DataType.FLOAT32));

            // Any DJL block can be an encoder.
            Block sequenceEncoder = new SequentialBlock()
                    .add(Linear.builder().setUnits(128).build()).add(Activation.reluBlock());
            Block structureEncoder = new SequentialBlock()
                    .add(Linear.builder().setUnits(128).build()).add(Activation.reluBlock());
            TrainingConfig config = TrainingConfig.builder().optEpochs(10).optBatchSize(256)
                    .optPairedFraction(0.1).optLearningRate(2e-3).optWeightDecay(0.01).optWarmUpSteps(20)
                    .optSeed(7).optObjective(ObjectiveSettings.builder().optSddBandwidth(0.2).build())
                    .build();
            SetClipObjective objective = config.newObjective(); // weights, bandwidth, ... from the config
            TwoStreamModel model = new TwoStreamModel(
                    Towers.of(sequenceEncoder, ProjectionHead.build(64, 0.1f)), 1,
                    Towers.of(structureEncoder, ProjectionHead.build(64, 0.1f)), objective);
            model.initialize(manager, DataType.FLOAT32,
                    new Shape[] {new Shape(1, 64)}, new Shape[] {new Shape(1, 48)});

            // 10% of the items are matched pairs; the rest are two independent unpaired pools.
            SemiPairedPools pools = SemiPairedPools.builder().setNumItems(items)
                    .setPairedFraction(config.pairedFraction()).optSeed(config.seed()).build();
            MixedBatchSampler sampler = MixedBatchSampler.builder().setPools(pools)
                    .setBatchSize(config.batchSize()).optPairedFraction(config.pairedFraction())
                    .optSeed(config.seed()).build();

            AlignmentTrainer trainer = AlignmentTrainer.builder().setConfig(config).setModel(model).setSampler(sampler)
                    .setInputs(rows(sequence), rows(structure)).setRunDirectory(run)
                    .optConsole(System.out).build();
            TrainingSummary summary = trainer.train(manager, false);
            System.out.printf("trained %d steps in %.1f s; metrics in %s%n",
                    summary.steps(), summary.seconds(), run.resolve("metrics.jsonl"));
        }
    }

    /** Item i is row i of a feature matrix; the second view adds a little noise. */
    private static ModalityInput rows(NDArray features) {
        return new ModalityInput() {
            @Override
            public NDList batch(NDManager manager, int[] items, ViewSeeds seeds) {
                NDArray picked = features.get(manager.create(items));
                picked.attach(manager); // freed with the step, not kept with the features
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
