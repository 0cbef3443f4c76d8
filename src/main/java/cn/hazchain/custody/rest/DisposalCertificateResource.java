package cn.hazchain.custody.rest;

import cn.hazchain.common.ProblemException;
import cn.hazchain.common.Text;
import cn.hazchain.custody.CertificateDocuments;
import cn.hazchain.custody.DisposalCertificates;
import cn.hazchain.custody.IdempotentCommands;
import cn.hazchain.custody.Rejections;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/disposal-certificates")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Disposal certificates", description = "处置证明: the receiver's certificate for the containers it disposed of")
public class DisposalCertificateResource {

    @Inject
    DisposalCertificates certificates;

    @Inject
    IdempotentCommands commands;

    @Inject
    CertificateDocuments documents;

    public record Issue(@NotNull UUID commandId, @NotEmpty @Size(max = 500) List<@NotBlank @Size(max = 40) String> labelIds,
                        @NotBlank @Size(max = 5) String method, @NotNull LocalDate disposedOn, @Size(max = 500) String note) {
    }

    @POST
    @Operation(summary = "Dispose of received containers and issue their certificate", description = "Receiver operators holding the containers "
            + "(RECEIVED). The method must be a treatment code permitted by the receiver's licence for each container's code (422 "
            + "disposal-method-licence); the date neither in the future nor before the receipt. Numbers the certificate (CZ + year + 8 digits); "
            + "each container's CONTAINER_DISPOSED event names it. All containers or none. commandId makes a retry safe.")
    public Response issue(@Valid @NotNull Issue body) {
        return IdempotentCommands.respond(commands.run(body.commandId(), "CERTIFICATE", null, body, 201, () -> {
            DisposalCertificates.Issued i = certificates.issue(body.labelIds(), body.method(), body.disposedOn(), body.note(), body.commandId());
            return i.refusal() != null ? Rejections.refused(i.refusal()) : new IdempotentCommands.Answer.Done(i.certificate());
        }));
    }

    @GET
    @Path("/{number}")
    @Operation(summary = "A disposal certificate with its containers", description = "Its receiver and regulators see every line; a shipper of some of its "
            + "containers sees the lines of its own (linesOfShipper names it), with the certificate's count and kg.")
    public DisposalCertificates.CertificateView get(@PathParam("number") String number) {
        DisposalCertificates.CertificateView v = certificates.visible(number);
        if (v == null) {
            throw ProblemException.notFound("disposal certificate", Text.clip(String.valueOf(number), 20));
        }
        return v;
    }

    @GET
    @Path("/{number}/pdf")
    @Produces("application/pdf")
    @Operation(summary = "The disposal certificate (处置证明) as a PDF", description = "The receiver and its USCC as issued, the method with "
            + "its name, the disposal date, who issued it and when, the note, one line per container (label, waste code, kg received, "
            + "transfer, generator as on its manifest), totals, and a QR code opening the public verification page (/v/c/{token}). "
            + "Whoever may GET the certificate, with the lines they may see (a shipper's copy says it is an extract); anyone else 404.")
    public Response pdf(@PathParam("number") String number) {
        return ContainerResource.pdf(documents.pdf(number), Text.clip(number.strip(), 20) + ".pdf");
    }
}
