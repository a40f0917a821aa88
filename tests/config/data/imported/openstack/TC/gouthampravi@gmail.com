Hello Stackers,

Subject: [tc][election] gouthamr's TC Candidacy for 2024.2

I'm expressing my interest to join the OpenStack Technical Committee with your
acceptance. I have had a long and exciting stint with OpenStack; and can
probably claim to have evolved along with it. I began my active contribution
journey in the Liberty release, and have had the pleasure to build a community
around the OpenStack Manila project for most of this time. In many ways, my
efforts here were rooted in the core ideology of this community: the fervent
desire for openness that drives each decision [1]. I coupled that with my own
penchant for mentoring; the result of which is a vast number of new
contributors in the form of Outreachy, Google Summer of Code, Grace Hopper
Celebrations, and student projects with numerous universities. All of this was
done with similarly motivated fellow conspirators. This experience has
helped me foster the diversity of thought in our community, and provided
sustained energy to a small group of people chopping wood and carrying water
around software whose relevance transcends hype cycles.

I now wish to employ this energy and experience in service as a member of the
TC. I set out the following goals to drive within the team:

* Sustain and improve collaboration: I wish to extend TC's charter on
  investment opportunities with the "formal" mentorship engagements we have had
  in the community, including but not limited to Outreachy, GSOC, GSOD, GHC and
  university projects. I've new ideas here, and feel like a TC member can add a
  ton of excitement to this niche area of people enthusiastic to do this year
  on year.
* Commit to a closer collaboration with adjacent communities: I am inspired
  by our willingness to engage with maintainers of software that work with
  OpenStack. My pitch is for us to identify TC representation within projects
  like Ceph, Kubernetes and others for active and periodic communication.
* Drive long running efforts to completion: prime examples here are efforts for
  coherence for operators and users: Unified CLI, Limits, and Secure RBAC
  defaults.

Thank you for considering my candidacy. I look forward to the opportunity
to serve our community and contribute to the continued success of OpenStack.

Warm regards,

Goutham Pacha Ravi (gouthamr)

[1] https://openinfra.dev/four-opens/
[2] https://lists.openstack.org/archives/list/openstack-discuss@lists.openstack.org/thread/SMZCT7EW6R5NCG6NAIMZA7KE5LFWTK3D/
[3] https://www.openstack.org/community/members/profile/35705/goutham-pacharavi