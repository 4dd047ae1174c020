package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"net/http"
	"strings"

	"github.com/gophercloud/gophercloud"
	"github.com/gophercloud/gophercloud/openstack/compute/v2/extensions/keypairs"
	"golang.org/x/crypto/ssh"
)

// keypairConfig is an openstack_compute_keypair_v2 block: a name, and the public key to import ("" lets nova generate
// the pair). Every argument forces a new keypair: the resource has no update.
type keypairConfig struct {
	Name, PublicKey string
}

// keypairState is what the provider keeps after the create: the private key, which only the create's answer carries.
type keypairState struct {
	PrivateKey string
}

func keypairResource(f *flow) {
	compute, ok := f.computeClient()
	if !ok {
		return
	}
	generated := keypairConfig{Name: "tf-keypair-generated"}
	if state, ok := f.createKeypair(compute, "openstack_compute_keypair_v2.generated", generated); ok {
		f.readKeypair(compute, "openstack_compute_keypair_v2.generated", generated, state)
	}
	imported := keypairConfig{Name: "tf-keypair-imported", PublicKey: newPublicKey("tf@gophercloud")}
	if state, ok := f.createKeypair(compute, "openstack_compute_keypair_v2.imported", imported); ok {
		f.readKeypair(compute, "openstack_compute_keypair_v2.imported", imported, state)
	}
}

// createKeypair is the provider's create: POST /os-keypairs with the name and the public key when there is one; the
// keypair's id is its name.
func (f *flow) createKeypair(compute *gophercloud.ServiceClient, address string, c keypairConfig) (state keypairState, ok bool) {
	ok = f.step(address+": create (POST /os-keypairs)", func() (string, error) {
		kp, err := keypairs.Create(compute, keypairs.CreateOpts{Name: c.Name, PublicKey: c.PublicKey}).Extract()
		if err != nil {
			return "", err
		}
		state.PrivateKey = kp.PrivateKey
		if kp.Name != c.Name {
			return "", fmt.Errorf("created %q, the answer names %q", c.Name, kp.Name)
		}
		if c.PublicKey == "" && kp.PrivateKey == "" {
			return "", fmt.Errorf("nova generates the pair when no public_key is sent: the answer has no private_key")
		}
		if c.PublicKey != "" && kp.PrivateKey != "" {
			return "", fmt.Errorf("an imported public key has no private key, the answer has one")
		}
		return fmt.Sprintf("fingerprint %s, private_key %d bytes", kp.Fingerprint, len(kp.PrivateKey)), nil
	})
	if ok {
		f.created(address, func() { f.deleteKeypair(compute, address, c.Name) })
	}
	return state, ok
}

// readKeypair is the provider's read: GET /os-keypairs/{name}, storing name, public_key and fingerprint. An imported
// public_key reads back as sent; a generated one is the public half of the private_key the create returned.
func (f *flow) readKeypair(compute *gophercloud.ServiceClient, address string, c keypairConfig, state keypairState) {
	f.step(address+": read (GET /os-keypairs/{name})", func() (string, error) {
		result := keypairs.Get(compute, c.Name)
		kp, err := result.Extract()
		if err != nil {
			return "", err
		}
		d := diff{raw: bodyOf(result.Body, "keypair")}
		d.same("name", c.Name, kp.Name)
		key, _, _, _, err := ssh.ParseAuthorizedKey([]byte(kp.PublicKey))
		if err != nil {
			return "", fmt.Errorf("public_key %q is not an OpenSSH public key: %v", kp.PublicKey, err)
		}
		if c.PublicKey != "" {
			d.same("public_key", c.PublicKey, kp.PublicKey) // ForceNew: any other text replaces the keypair
		} else {
			// The generated pair: the public key read is the one of the private key the create returned.
			signer, err := ssh.ParsePrivateKey([]byte(state.PrivateKey))
			if err != nil {
				return "", fmt.Errorf("private_key from the create is not a private key ssh reads: %v", err)
			}
			d.expect("public_key", authorizedKey(signer.PublicKey()), authorizedKey(key))
		}
		d.expect("fingerprint", ssh.FingerprintLegacyMD5(key), kp.Fingerprint) // nova's: the MD5 of the key
		return d.result()
	})
}

// deleteKeypair is the provider's delete: DELETE /os-keypairs/{name} (a 404 is already gone). The GET after it is the
// refresh of a later plan, which drops a keypair answering 404 from the state.
func (f *flow) deleteKeypair(compute *gophercloud.ServiceClient, address, name string) {
	f.step(address+": destroy (DELETE /os-keypairs/{name}, then GET answers 404)", func() (string, error) {
		if err := keypairs.Delete(compute, name).ExtractErr(); err != nil && statusOf(err) != http.StatusNotFound {
			return "", err
		}
		_, err := keypairs.Get(compute, name).Extract()
		if statusOf(err) == http.StatusNotFound {
			return "", nil
		}
		if err != nil {
			return "", err
		}
		return "", fmt.Errorf("GET /os-keypairs/%s still answers 200 after the DELETE", name)
	})
}

// newPublicKey is a fresh ed25519 key in the one-line OpenSSH form a configuration holds (chomp(file("….pub"))).
func newPublicKey(comment string) string {
	public, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	key, err := ssh.NewPublicKey(public)
	if err != nil {
		panic(err)
	}
	return authorizedKey(key) + " " + comment
}

// authorizedKey is "type base64", without a comment or a newline.
func authorizedKey(key ssh.PublicKey) string {
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(key)))
}
