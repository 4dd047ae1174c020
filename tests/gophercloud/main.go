// terraform-flow drives the service with gophercloud the way Terraform's OpenStack provider does: for each
// resource, what `terraform apply` sends and reads (create with the fields the provider sends, wait for the
// status, read every stored field back and compare it with the configuration, so that a second plan would show
// no change, then an update and another read), and what `terraform destroy` does (delete, wait for 404).
// The calls mirror terraform-provider-openstack's resource_openstack_networking_*_v2.go, made with Debian's
// gophercloud 0.12 (../../../shared/reference/provisioning-clients.md has the summary).
//
//	terraform-flow -base http://127.0.0.1:8774 [-resource openstack_networking_port_v2[,…]] [-identity v3|v2.0] [-wire]
//
// One line per step: "$ step", then "ok   …" or "FAIL …" (what was expected and what came back, with the
// request sent and the answer), and "PASS gophercloud <resource>" or "FAIL gophercloud <resource>" per
// resource. The exit code is 0 only when every resource run passed. Build: tests/gophercloud/run.sh.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"
)

// A Terraform resource type and its apply-then-destroy run. Prerequisites (the network a subnet needs, …) are
// created by the run with the same calls their own resources make, and destroyed after it, as Terraform would.
type resource struct {
	name string
	run  func(f *flow)
}

// Routers, security groups and compute_instance_v2 follow the same shape: add a file and a line here.
var resources = []resource{
	{"openstack_networking_network_v2", networkResource},
	{"openstack_networking_subnet_v2", subnetResource},
	{"openstack_networking_port_v2", portResource},
	{"openstack_networking_floatingip_v2", floatingIPResource},
	{"openstack_networking_floatingip_associate_v2", floatingIPAssociateResource},
	{"openstack_networking_router_v2", routerResource},
	{"openstack_networking_router_interface_v2", routerInterfaceResource},
	{"openstack_networking_secgroup_v2", secGroupResource},
	{"openstack_networking_secgroup_rule_v2", secGroupRuleResource},
	{"openstack_compute_keypair_v2", keypairResource},
	{"openstack_compute_instance_v2", instanceResource},
}

func main() {
	var o options
	var only string
	var list bool
	flag.StringVar(&o.base, "base", "", "the service, e.g. http://127.0.0.1:8774 (the provider's auth_url is {base}/v3 or {base}/v2.0)")
	flag.StringVar(&only, "resource", "all", "comma-separated resource types to run (openstack_ prefix optional), or all")
	flag.BoolVar(&list, "list", false, "print the resource types and exit")
	flag.StringVar(&o.identity, "identity", "v3", "the identity version of the auth_url: v3 or v2.0")
	flag.StringVar(&o.user, "user", "demo", "user_name")
	flag.StringVar(&o.password, "password", "demo-password", "password")
	flag.StringVar(&o.project, "project", "7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12", "tenant_id")
	flag.StringVar(&o.region, "region", "RegionOne", "region")
	flag.BoolVar(&o.wire, "wire", false, "print every request and the status it got")
	flag.DurationVar(&o.timeout, "timeout", 30*time.Second, "how long each wait for a status or a 404 may take")
	flag.Parse()

	if list {
		for _, r := range resources {
			fmt.Println(r.name)
		}
		return
	}
	if o.base == "" {
		fmt.Println("FAIL setup: -base is required")
		os.Exit(2)
	}
	o.base = strings.TrimRight(o.base, "/")

	chosen, err := choose(only)
	if err != nil {
		fmt.Println("FAIL setup:", err)
		os.Exit(2)
	}
	failed := 0
	for _, r := range chosen {
		if !runResource(r, o) {
			failed++
		}
	}
	if failed > 0 {
		os.Exit(1)
	}
}

func choose(only string) ([]resource, error) {
	if only == "" || only == "all" {
		return resources, nil
	}
	var chosen []resource
	for _, name := range strings.Split(only, ",") {
		name = strings.TrimSpace(name)
		if !strings.HasPrefix(name, "openstack_") {
			name = "openstack_" + name
		}
		found := false
		for _, r := range resources {
			if r.name == name {
				chosen = append(chosen, r)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown resource %q (-list shows them)", name)
		}
	}
	return chosen, nil
}

// runResource authenticates (every Terraform run does), runs the resource's apply and destroy, and reports.
func runResource(r resource, o options) bool {
	f := &flow{resource: r.name, opts: o}
	fmt.Printf("$ %s: terraform apply, then terraform destroy\n", r.name)
	if f.authenticate() {
		r.run(f)
		f.destroy()
	}
	if f.failures > 0 {
		fmt.Printf("FAIL gophercloud %s: %d step(s) failed\n", r.name, f.failures)
		return false
	}
	fmt.Printf("PASS gophercloud %s\n", r.name)
	return true
}
