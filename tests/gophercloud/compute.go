package main

import (
	"fmt"

	"github.com/gophercloud/gophercloud"
	"github.com/gophercloud/gophercloud/openstack"
)

// computeClient is the provider's ComputeV2Client: the region's compute endpoint from the catalog, as it is. The
// compute resources make it on every create, read, update and delete; it is found once per run here.
func (f *flow) computeClient() (*gophercloud.ServiceClient, bool) {
	return f.serviceClient("compute", openstack.NewComputeV2)
}

// imageClient is the provider's ImageV2Client: the region's image endpoint from the catalog, with gophercloud's "v2/"
// after it. openstack_compute_instance_v2 makes one on every create and every read, with or without an image_name.
func (f *flow) imageClient() (*gophercloud.ServiceClient, bool) {
	return f.serviceClient("image", openstack.NewImageServiceV2)
}

func (f *flow) serviceClient(service string, build func(*gophercloud.ProviderClient, gophercloud.EndpointOpts) (*gophercloud.ServiceClient, error)) (*gophercloud.ServiceClient, bool) {
	var client *gophercloud.ServiceClient
	ok := f.step(fmt.Sprintf("find the %s endpoint of %s in the catalog", service, f.opts.region), func() (string, error) {
		found, err := build(f.provider, gophercloud.EndpointOpts{Region: f.opts.region})
		if err != nil {
			return "", err
		}
		client = found
		return fmt.Sprintf("%s endpoint %s, requests under %s", service, found.Endpoint, found.ResourceBaseURL()), nil
	})
	return client, ok
}
