// Validates PDF files against one veraPDF profile and prints each failed rule once, with how
// often it failed and the first place it failed. Written for tools/verapdf-check, which finds
// veraPDF's jars, compiles this file once and runs it; see tools/README.md.
//
// Exit status: 0 every file compliant, 1 at least one is not, 2 veraPDF could not run.

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.Rule;
import org.verapdf.pdfa.validation.profiles.RuleId;

public final class VeraPdfCheck {
    private VeraPdfCheck() {}

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: VeraPdfCheck PROFILE FILE.pdf...");
            System.exit(2);
        }
        PDFAFlavour flavour = PDFAFlavour.byFlavourId(args[0]);
        if (flavour == PDFAFlavour.NO_FLAVOUR) {
            System.err.println("unknown veraPDF profile: " + args[0]);
            System.exit(2);
        }
        VeraGreenfieldFoundryProvider.initialise();
        int worst = 0;
        for (int i = 1; i < args.length; i++) {
            worst = Math.max(worst, check(new File(args[i]), flavour));
        }
        System.exit(worst);
    }

    /** 0 compliant, 1 not compliant, 2 the file could not be validated. */
    private static int check(File file, PDFAFlavour flavour) {
        // The validator keeps one assertion per failed check (logPassed false), so a large
        // document costs memory only for what went wrong.
        try (PDFAParser parser = Foundries.defaultInstance().createParser(file, flavour)) {
            PDFAValidator validator = Foundries.defaultInstance().createValidator(flavour, false);
            ValidationResult result = validator.validate(parser);
            if (result.isCompliant()) {
                System.out.println(file + ": compliant with " + flavour.getId());
                return 0;
            }
            System.out.println(file + ": NOT compliant with " + flavour.getId());
            Map<RuleId, Integer> counts = new LinkedHashMap<>();
            Map<RuleId, String> where = new LinkedHashMap<>();
            for (TestAssertion assertion : result.getTestAssertions()) {
                if (assertion.getStatus() != TestAssertion.Status.FAILED) {
                    continue;
                }
                RuleId id = assertion.getRuleId();
                counts.merge(id, 1, Integer::sum);
                where.putIfAbsent(id, assertion.getLocation().getContext());
            }
            for (Map.Entry<RuleId, Integer> entry : result.getFailedChecks().entrySet()) {
                counts.put(entry.getKey(), Math.max(entry.getValue(), counts.getOrDefault(entry.getKey(), 0)));
            }
            for (Map.Entry<RuleId, Integer> entry : counts.entrySet()) {
                RuleId id = entry.getKey();
                Rule rule = validator.getProfile().getRuleByRuleId(id);
                String description = rule == null ? "" : rule.getDescription();
                System.out.println("  rule " + id.getClause() + "-" + id.getTestNumber() + " failed "
                        + entry.getValue() + " time(s): " + description);
                String location = where.get(id);
                if (location != null) {
                    System.out.println("    first at " + location);
                }
            }
            return 1;
        } catch (Exception | LinkageError error) {
            System.out.println(file + ": veraPDF could not validate it: " + error);
            return 2;
        }
    }
}
