package io.inferline.access;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.inferline.common.error.UnauthorizedException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JwtVerifierTest {

    private final ECKey key = newKey("k1");
    private final JwtVerifier verifier = new JwtVerifier(new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())),
            "inferline-auth", "inferline");

    @Test
    void aValidTokenYieldsTheScopesItsRolesGrant() throws Exception {
        AccessToken token = verifier.verify(sign(key, claims("inferline-auth", List.of("viewer"),
                List.of("jobs:read", "jobs:write", "models:read"), 60)));

        assertEquals("user-1", token.subject());
        assertEquals("tenant-1", token.tenantId());
        assertEquals(Set.of("jobs:read", "models:read"), token.scopes(), "a viewer never writes jobs");
        assertFalse(token.may(Roles.JOBS_WRITE));
    }

    @Test
    void anAdminMayDoEverything() throws Exception {
        AccessToken token = verifier.verify(sign(key, claims("inferline-auth", List.of("admin"), List.of("admin"), 60)));
        assertTrue(token.may(Roles.JOBS_WRITE));
    }

    @Test
    void expiredForeignOrUnknownKeyTokensAreRefused() throws Exception {
        assertThrows(UnauthorizedException.class, () -> verifier.verify(sign(key,
                claims("inferline-auth", List.of("member"), null, -60))));
        assertThrows(UnauthorizedException.class, () -> verifier.verify(sign(key,
                claims("someone-else", List.of("member"), null, 60))));
        assertThrows(UnauthorizedException.class, () -> verifier.verify(sign(newKey("k2"),
                claims("inferline-auth", List.of("member"), null, 60))));
        assertThrows(UnauthorizedException.class, () -> verifier.verify("eyJhbGciOiJub25lIn0.e30."));
    }

    @Test
    void roleNamesMapToScopes() {
        assertEquals(Set.of("jobs:write", "jobs:read", "models:read"), Roles.scopesOf(List.of("member")));
        assertEquals(Set.of(), Roles.scopesOf(List.of("root")));
        assertTrue(AccessTokens.looksLikeJwt("eyJa.b.c"));
        assertFalse(AccessTokens.looksLikeJwt("il_abc"));
    }

    private static ECKey newKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet claims(String issuer, List<String> roles, List<String> scopes, long expiresInSeconds) {
        var builder = new JWTClaimsSet.Builder().issuer(issuer).audience("inferline").subject("user-1")
                .claim(AccessTokens.TENANT, "tenant-1").claim(AccessTokens.ROLES, roles)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(expiresInSeconds)));
        if (scopes != null) {
            builder.claim(AccessTokens.SCOPES, scopes);
        }
        return builder.build();
    }

    private static String sign(ECKey key, JWTClaimsSet claims) throws Exception {
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}
