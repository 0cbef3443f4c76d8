package cn.hazchain.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout rules, stated once so the structure cannot drift silently (docs/architecture.md, "Packages"): no two
 * packages depend on each other in a circle; resources stay at the HTTP edge; the pure rules need no framework.
 */
class ArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("cn.hazchain");
    }

    @Test
    void packages_areFreeOfCycles() {
        // every package on its own (cn.hazchain.custody and cn.hazchain.custody.domain are two slices)
        ArchRule rule = slices().matching("cn.hazchain.(**)").should().beFreeOfCycles();
        rule.check(classes);
    }

    @Test
    void manifests_dependOnCustody_neverTheReverse() {
        noClasses().that().resideInAPackage("cn.hazchain.custody..").should().dependOnClassesThat().resideInAPackage("cn.hazchain.manifest..")
                .check(classes);
    }

    @Test
    void resources_doNotTouchEntitiesOrTheEntityManager() {
        noClasses().that().areAnnotatedWith(Path.class)
                .should().dependOnClassesThat().areAnnotatedWith(Entity.class)
                .orShould().dependOnClassesThat().areAssignableTo(EntityManager.class)
                .because("a resource parses, calls one service and maps the result; the service owns the data")
                .check(classes);
    }

    @Test
    void pureRules_importNothingFromJakartaQuarkusOrHibernate() {
        noClasses().that().resideInAPackage("cn.hazchain.custody.domain..")
                .or().haveFullyQualifiedName("cn.hazchain.licence.LicenceRules")
                .or().haveFullyQualifiedName("cn.hazchain.party.Uscc")
                .or().haveFullyQualifiedName("cn.hazchain.catalogue.WasteCodes")
                .or().haveFullyQualifiedName("cn.hazchain.catalogue.CoLoading")
                .or().haveFullyQualifiedName("cn.hazchain.pickup.PickupRules")
                .or().haveFullyQualifiedName("cn.hazchain.report.MassBalance")
                .or().haveFullyQualifiedName("cn.hazchain.alert.AlertLifecycle")
                .or().haveFullyQualifiedName("cn.hazchain.alert.ReceiptDeadline")
                .or().haveFullyQualifiedName("cn.hazchain.feed.FeedMessages")
                .or().haveFullyQualifiedName("cn.hazchain.feed.BrokerFiles")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "io.quarkus..", "org.hibernate..", "io.smallrye..", "io.vertx..")
                .because("the rules are plain functions, unit-tested without a container")
                .check(classes);
    }

    @Test
    void custodyRules_dependOnlyOnOtherPureCode() {
        noClasses().that().resideInAPackage("cn.hazchain.custody.domain..")
                .should().dependOnClassesThat(DescribedPredicate.describe("HazChain code that is not a pure rule",
                        c -> c.getBaseComponentType().getPackageName().startsWith("cn.hazchain")
                                && !c.getBaseComponentType().getPackageName().startsWith("cn.hazchain.custody.domain")
                                && !c.getBaseComponentType().getName().startsWith("cn.hazchain.licence.LicenceRules")
                                && !c.getBaseComponentType().getName().startsWith("cn.hazchain.catalogue.CoLoading")
                                && !c.getBaseComponentType().getName().equals("cn.hazchain.security.Role")))
                .check(classes);
    }
}
