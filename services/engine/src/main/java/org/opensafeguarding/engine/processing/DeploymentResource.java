package org.opensafeguarding.engine.processing;

/** One file of a deployment, as uploaded. */
public record DeploymentResource(String name, byte[] content) {
}
