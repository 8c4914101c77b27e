#!/usr/bin/env python3
"""Golden fixtures for FTNN from Keras 3 (JAX backend). Run once by hand; CI never runs Python.

Pinned versions (the venv this was run in):
    keras==3.15.1  jax==0.10.2  jaxlib==0.10.2  numpy==2.4.6   (Python 3.11.7)
Seed: numpy.random.default_rng(20261125).

    python3 -m venv /work/venv-layers
    /work/venv-layers/bin/pip install keras==3.15.1 jax==0.10.2 jaxlib==0.10.2 numpy==2.4.6
    KERAS_BACKEND=jax /work/venv-layers/bin/python Tests/FTNNTests/Fixtures/generate_layers.py

Writes layers.json (per-layer cases, the loss, three Adam steps, and three steps of RMSprop, SGD
with Nesterov momentum and Adam with global-norm clipping) and study_model.json (the study's
architecture at reduced size: one forward pass in inference mode, the loss and every parameter
gradient, from the float32 model and from the same model in float64). Every tensor is {"shape": [...], "values": [...]} in row-major order, float32 values
written as the exact decimal of the float32.

Gradients are of  Σ r ⊙ f(x)  for a fixed random upstream r, taken with jax.grad through
layer.stateless_call, so they are what Keras's own training step computes.
"""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

assert keras.backend.backend() == "jax"
rng = np.random.default_rng(20261125)
keras.utils.set_random_seed(20261125)  # Keras's own initialisers draw from here
here = os.path.dirname(os.path.abspath(__file__))


def t(a):
    a = np.asarray(a, dtype=np.float32)
    return {"shape": list(a.shape), "values": [float(x) for x in a.reshape(-1)]}


def away_from_zero(shape, low=0.05):
    """Uniform in ±[low, 1.5]: keeps ELU inputs and max-pool ties away from kinks."""
    x = rng.uniform(low, 1.5, size=shape) * rng.choice([-1.0, 1.0], size=shape)
    return x.astype(np.float32)


def layer_case(layer, x, **extra):
    """Forward output and gradients of sum(r * layer(x)) w.r.t. x and every trainable weight."""
    layer.build(x.shape)
    for w, value in zip(layer.trainable_weights, extra.pop("weights", [])):
        w.assign(value)
    trainable = [w.value for w in layer.trainable_variables]
    non_trainable = [w.value for w in layer.non_trainable_variables]
    y, _ = layer.stateless_call(trainable, non_trainable, jnp.asarray(x))
    r = rng.standard_normal(y.shape).astype(np.float32)

    def f(tv, xx):
        out, _ = layer.stateless_call(tv, non_trainable, xx)
        return jnp.sum(out * r)

    g_weights, g_x = jax.grad(f, argnums=(0, 1))(trainable, jnp.asarray(x))
    case = {"input": t(x), "output": t(y), "upstream": t(r), "input_gradient": t(g_x)}
    for w, value, g in zip(layer.trainable_weights, trainable, g_weights):
        case[w.name] = t(value)
        case[w.name + "_gradient"] = t(g)
    case.update(extra)
    return case


cases = {}

# Conv1D: valid, stride 1, elu, odd length; and same padding, stride 2, linear, odd length.
for name, cfg, shape in [
    ("conv1d_valid_elu", dict(filters=4, kernel_size=3, activation="elu"), (2, 11, 3)),
    ("conv1d_same_stride2", dict(filters=5, kernel_size=4, strides=2, padding="same"), (2, 13, 3)),
]:
    layer = keras.layers.Conv1D(**cfg, kernel_initializer="lecun_uniform", bias_initializer="random_normal")
    cases[name] = layer_case(
        layer, rng.standard_normal(shape).astype(np.float32),
        stride=cfg.get("strides", 1), padding=cfg.get("padding", "valid"), activation=cfg.get("activation", "linear"))

# MaxPooling1D: length 13 not divisible by pool 3 (floor rule drops the tail); overlapping stride 2.
for name, pool, stride in [("maxpool_3", 3, 3), ("maxpool_3_stride2", 3, 2)]:
    x = rng.permutation(2 * 13 * 3).reshape(2, 13, 3).astype(np.float32) * 0.1  # distinct, gaps 0.1
    cases[name] = layer_case(keras.layers.MaxPooling1D(pool_size=pool, strides=stride), x, pool_size=pool, stride=stride)

# ELU layer.
cases["elu"] = layer_case(keras.layers.ELU(), away_from_zero((2, 5, 3)))

# Dense with elu, and linear Dense.
cases["dense_elu"] = layer_case(
    keras.layers.Dense(5, activation="elu", kernel_initializer="lecun_uniform", bias_initializer="random_normal"),
    rng.standard_normal((3, 7)).astype(np.float32), activation="elu")
cases["dense_linear"] = layer_case(
    keras.layers.Dense(3, bias_initializer="random_normal"), rng.standard_normal((4, 6)).astype(np.float32),
    activation="linear")

# Softmax cross-entropy from logits, mean over the batch; unweighted and with class weights
# (Keras fit(class_weight=w) == sample_weight = w[label]; sum_over_batch_size divides by N).
logits = (rng.standard_normal((5, 3)) * 2).astype(np.float32)
labels = np.array([0, 2, 1, 2, 0])
targets = np.eye(3, dtype=np.float32)[labels]
class_weights = np.array([0.5, 2.0, 1.25], dtype=np.float32)
loss_fn = keras.losses.CategoricalCrossentropy(from_logits=True)


def ce(z, sample_weight=None):
    return loss_fn(jnp.asarray(targets), z, sample_weight=sample_weight)


loss, g = jax.value_and_grad(ce)(jnp.asarray(logits))
sw = jnp.asarray(class_weights[labels])
loss_w, g_w = jax.value_and_grad(lambda z: ce(z, sw))(jnp.asarray(logits))
cases["softmax_cross_entropy"] = {
    "logits": t(logits), "targets": t(targets), "class_weights": t(class_weights),
    "loss": float(loss), "logits_gradient": t(g),
    "weighted_loss": float(loss_w), "weighted_logits_gradient": t(g_w),
}

# Adam: three steps with fixed gradients; Keras defaults except lr; then the study's clipvalue 0.5.
for name, kwargs in [("adam", dict(learning_rate=0.01)), ("adam_clip", dict(learning_rate=0.00011, clipvalue=0.5))]:
    w0 = rng.standard_normal((3, 4)).astype(np.float32)
    b0 = rng.standard_normal((4,)).astype(np.float32)
    grads = [(rng.standard_normal((3, 4)).astype(np.float32), rng.standard_normal((4,)).astype(np.float32)) for _ in range(3)]
    w = keras.Variable(w0)
    b = keras.Variable(b0)
    opt = keras.optimizers.Adam(**kwargs)
    opt.build([w, b])
    steps = []
    for gw, gb in grads:
        opt.apply([jnp.asarray(gw), jnp.asarray(gb)], [w, b])
        steps.append({"weight_gradient": t(gw), "bias_gradient": t(gb), "weight": t(w.value), "bias": t(b.value)})
    cases[name] = {"weight": t(w0), "bias": t(b0), "learning_rate": kwargs["learning_rate"],
                   "clip_value": kwargs.get("clipvalue", 0.0), "steps": steps}

# RMSprop (centred, with momentum), SGD (Nesterov) and Adam with global_clipnorm: three steps each.
for name, make, clip in [
    ("rmsprop", lambda: keras.optimizers.RMSprop(learning_rate=0.01, rho=0.8, momentum=0.5, centered=True), 0.0),
    ("sgd_nesterov", lambda: keras.optimizers.SGD(learning_rate=0.05, momentum=0.9, nesterov=True), 0.0),
    ("adam_global_norm", lambda: keras.optimizers.Adam(learning_rate=0.01, global_clipnorm=1.5), 1.5),
]:
    w0 = rng.standard_normal((3, 4)).astype(np.float32)
    b0 = rng.standard_normal((4,)).astype(np.float32)
    grads = [(rng.standard_normal((3, 4)).astype(np.float32), rng.standard_normal((4,)).astype(np.float32)) for _ in range(3)]
    w = keras.Variable(w0)
    b = keras.Variable(b0)
    opt = make()
    opt.build([w, b])
    steps = []
    for gw, gb in grads:
        opt.apply([jnp.asarray(gw), jnp.asarray(gb)], [w, b])
        steps.append({"weight_gradient": t(gw), "bias_gradient": t(gb), "weight": t(w.value), "bias": t(b.value)})
    cases[name] = {"weight": t(w0), "bias": t(b0), "learning_rate": float(opt.learning_rate), "clip_value": clip, "steps": steps}

with open(os.path.join(here, "layers.json"), "w") as f:
    json.dump(cases, f)

# The study's model at reduced size: vocabulary 50, embedding 16, length 400, filters 32,
# pools 5/5/5 (35 does not fit length 400), dense 100, 3 classes; batch 4; inference mode.
V, D, L, F, N = 50, 16, 400, 32, 4
matrix = (rng.standard_normal((V, D)) * 0.5).astype(np.float32)
matrix[0] = 0
inputs = keras.Input(shape=(L,), dtype="int32")
h = keras.layers.Embedding(V, D, trainable=False, name="embedding")(inputs)
h = keras.layers.Conv1D(F, 5, activation="elu", kernel_initializer="lecun_uniform", name="conv1")(h)
h = keras.layers.MaxPooling1D(5)(h)
h = keras.layers.Dropout(0.15)(h)
h = keras.layers.Conv1D(F, 5, activation="elu", kernel_initializer="lecun_uniform", name="conv2")(h)
h = keras.layers.MaxPooling1D(5)(h)
h = keras.layers.Dropout(0.15)(h)
h = keras.layers.Conv1D(F, 5, activation="elu", kernel_initializer="lecun_uniform", name="conv3")(h)
h = keras.layers.MaxPooling1D(5)(h)
h = keras.layers.Flatten()(h)
h = keras.layers.Dense(100, activation="elu", kernel_initializer="lecun_uniform", name="dense1")(h)
h = keras.layers.Dropout(0.45)(h)
out = keras.layers.Dense(3, name="dense2")(h)  # softmax fused into the loss
model = keras.Model(inputs, out)
model.get_layer("embedding").set_weights([matrix])
for layer in ["conv1", "conv2", "conv3", "dense1", "dense2"]:  # non-zero biases so bias paths are tested
    kernel, bias = model.get_layer(layer).get_weights()
    model.get_layer(layer).set_weights([kernel, (rng.standard_normal(bias.shape) * 0.1).astype(np.float32)])

tokens = rng.integers(0, V, size=(N, L)).astype(np.int32)
tokens[:, :37] = 0  # pre-padding, as pad_sequences does
labels = np.array([0, 1, 2, 1])
targets = np.eye(3, dtype=np.float32)[labels]
trainable = [v.value for v in model.trainable_variables]
non_trainable = [v.value for v in model.non_trainable_variables]


def model_loss(tv):
    logits, _ = model.stateless_call(tv, non_trainable, jnp.asarray(tokens), training=False)
    return loss_fn(jnp.asarray(targets), logits), logits


(loss, logits), grads = jax.value_and_grad(model_loss, has_aux=True)(trainable)
names = []
for v in model.trainable_variables:
    layer_name = v.path.split("/")[0]
    names.append(f"{layer_name}.{'weight' if v.name == 'kernel' else 'bias'}")
study = {
    "vocabulary_size": V, "embedding_dimension": D, "sequence_length": L, "filters": F, "pool_sizes": [5, 5, 5],
    "embedding": t(matrix), "tokens": tokens.reshape(-1).tolist(), "batch": N, "targets": t(targets),
    "logits": t(logits), "loss": float(loss),
    "parameters": {n: t(v) for n, v in zip(names, trainable)},
    "gradients": {n: t(g) for n, g in zip(names, grads)},
}

# The same model and weights in float64 (Keras dtype="float64" with JAX x64): Keras's own float32
# gradients differ from exact ones by up to ~5e-5 relative (summation order in deep backprop), so the
# Swift model is held to 1e-5 against these, and to a stated looser bound against the float32 run.
jax.config.update("jax_enable_x64", True)


def build(dtype):
    i = keras.Input(shape=(L,), dtype="int32")
    x = keras.layers.Embedding(V, D, trainable=False, name="embedding", dtype=dtype)(i)
    for k in (1, 2, 3):
        x = keras.layers.Conv1D(F, 5, activation="elu", name=f"conv{k}", dtype=dtype)(x)
        x = keras.layers.MaxPooling1D(5, dtype=dtype)(x)
    x = keras.layers.Flatten(dtype=dtype)(x)
    x = keras.layers.Dense(100, activation="elu", name="dense1", dtype=dtype)(x)
    return keras.Model(i, keras.layers.Dense(3, name="dense2", dtype=dtype)(x))


model64 = build("float64")
for layer in ["embedding", "conv1", "conv2", "conv3", "dense1", "dense2"]:
    model64.get_layer(layer).set_weights([w.astype(np.float64) for w in model.get_layer(layer).get_weights()])
tv64 = [v.value for v in model64.trainable_variables]
ntv64 = [v.value for v in model64.non_trainable_variables]
targets64 = jnp.asarray(targets, dtype=jnp.float64)


def model_loss64(tv):
    z, _ = model64.stateless_call(tv, ntv64, jnp.asarray(tokens), training=False)
    return loss_fn(targets64, z), z


(loss64, logits64), grads64 = jax.value_and_grad(model_loss64, has_aux=True)(tv64)
assert [v.path.split("/")[0] for v in model64.trainable_variables] == [n.split(".")[0] for n in names]


def t64(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "values": [float(x) for x in a.reshape(-1)]}


study["loss_float64"] = float(loss64)
study["logits_float64"] = t64(logits64)
study["gradients_float64"] = {n: t64(g) for n, g in zip(names, grads64)}
with open(os.path.join(here, "study_model.json"), "w") as f:
    json.dump(study, f)
print("wrote layers.json and study_model.json; loss", float(loss), "names", names)
