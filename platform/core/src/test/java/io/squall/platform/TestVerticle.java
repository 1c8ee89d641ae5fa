package io.squall.platform;

import io.vertx.core.VerticleBase;

/** A verticle class for descriptor tests; never deployed here. */
public class TestVerticle extends VerticleBase {
}
