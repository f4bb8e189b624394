package org.carnet.consent;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the policy files are.
 *
 * @param dir {@code carnet.policies.dir}: the folder holding {@code consent/} (default {@code ./policies}, relative
 * to the working directory)
 */
@ConfigurationProperties("carnet.policies")
record PolicySettings(@DefaultValue("./policies") Path dir) {
}
