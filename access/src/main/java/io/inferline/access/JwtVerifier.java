package io.inferline.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.inferline.common.error.ServiceUnavailableException;
import io.inferline.common.error.UnauthorizedException;

import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies an access JWT: ES256 signature by a key of {@code keys} (chosen by the {@code kid} header), issuer,
 * audience, expiry (5 s of clock skew), and the claims every token carries. Never logs the token.
 */
public class JwtVerifier {

    private static final int MAX_CLOCK_SKEW_SECONDS = 5;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public JwtVerifier(JWKSource<SecurityContext> keys, String issuer, String audience) {
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys));
        var claims = new DefaultJWTClaimsVerifier<SecurityContext>(audience,
                new JWTClaimsSet.Builder().issuer(issuer).build(),
                Set.of("sub", "iat", "exp", AccessTokens.TENANT, AccessTokens.ROLES));
        claims.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The token's facts; 401 if it is not valid, 503 if the keys cannot be fetched. */
    public AccessToken verify(String jwt) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null);
        } catch (KeySourceException e) {
            throw new ServiceUnavailableException("the token signing keys cannot be fetched; retry shortly", e);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new UnauthorizedException("the access token is not valid");
        }
        try {
            List<String> roles = claims.getStringListClaim(AccessTokens.ROLES);
            List<String> named = claims.getStringListClaim(AccessTokens.SCOPES);
            Set<String> scopes = new HashSet<>(Roles.scopesOf(roles));
            if (named != null) {
                scopes.retainAll(named);
            }
            return new AccessToken(claims.getSubject(), claims.getStringClaim(AccessTokens.TENANT), Set.copyOf(roles),
                    Set.copyOf(scopes), claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant());
        } catch (ParseException | RuntimeException e) {
            throw new UnauthorizedException("the access token is not valid");
        }
    }
}
