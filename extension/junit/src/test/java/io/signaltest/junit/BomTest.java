package io.signaltest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * signaltest-bom lists every artifact the build publishes, so that a user who imports it gets matching versions of all
 * of them. Published: a module of the build that does not skip deploy.
 */
class BomTest {

    private static final Path ROOT = Path.of("..", "..");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");

    @Test
    void theBomListsEveryPublishedArtifactOfTheBuild() throws IOException {
        String bom = read(ROOT.resolve("bom/pom.xml"));
        List<String> published = new ArrayList<>();
        Matcher module = MODULE.matcher(read(ROOT.resolve("pom.xml")));
        while (module.find()) {
            String pom = read(ROOT.resolve(module.group(1)).resolve("pom.xml"));
            if (pom.contains("<artifactId>signaltest-parent</artifactId>")
                    && !pom.contains("<maven.deploy.skip>true<")) {
                published.add(ownArtifactId(pom));
            }
        }
        assertThat(published)
                .as("the published modules of the build")
                .contains("signaltest-runtime", "signaltest-junit");
        for (String artifact : published) {
            assertThat(bom)
                    .as("bom/pom.xml, which should have a line for %s", artifact)
                    .contains("<groupId>io.signaltest</groupId><artifactId>" + artifact
                            + "</artifactId><version>${project.version}</version>");
        }
    }

    /** The first artifactId after the parent element. */
    private static String ownArtifactId(String pom) {
        Matcher m = ARTIFACT.matcher(pom.substring(pom.indexOf("</parent>")));
        assertThat(m.find()).as("an artifactId after </parent>").isTrue();
        return m.group(1);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
