package cn.hazchain.label;

import cn.hazchain.security.Role;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Label keys", description = "Public keys that verify label QR codes offline")
public class KeyResource {

    @Inject
    LabelKeyRing ring;

    public record Keys(String tokenFormat, String signedMessage, List<PublicLabelKey> keys) {
    }

    @GET
    @PermitAll
    @Operation(summary = "Label-signing public keys (Ed25519)", description = "Every key ever used, so labels signed before a rotation still verify. "
            + "A token is <labelId>.<kid>.<base64url signature>; the signature covers the UTF-8 bytes of 'HZC1|<labelId>|<kid>'.")
    public Keys keys() {
        return new Keys("<labelId>.<kid>.<base64url(Ed25519 signature)>", LabelSigner.DOMAIN + "|<labelId>|<kid>", ring.publicKeys());
    }

    @POST
    @Path("/rotate")
    @RolesAllowed(Role.ADMIN_)
    @Operation(summary = "Start signing new labels with a new key (administrators)")
    public PublicLabelKey rotate() {
        return ring.rotate();
    }
}
