using CloudNet.Errors;
using Wolverine.Http;

namespace CloudNet.Images.Refusing;

/// <summary>
/// The images are configuration, read only: creating, uploading, changing and deleting one answer Glance's 403 for an
/// action its policy does not allow the caller.
/// </summary>
public static class RefuseImageChangesEndpoint
{
    [WolverinePost("/image/v2/images", OperationId = "CreateImageGlance")]
    [Tags("Image")]
    public static IResult Create() => throw Refused("add_image");

    [WolverinePatch("/image/v2/images/{imageId}", OperationId = "UpdateImageGlance")]
    [Tags("Image")]
    public static IResult Update(string imageId) => throw Refused("modify_image");

    [WolverineDelete("/image/v2/images/{imageId}", OperationId = "DeleteImageGlance")]
    [Tags("Image")]
    public static IResult Delete(string imageId) => throw Refused("delete_image");

    [WolverinePut("/image/v2/images/{imageId}/file", OperationId = "UploadImageGlance")]
    [Tags("Image")]
    public static IResult Upload(string imageId) => throw Refused("upload_image");

    static Rejection Refused(string action) =>
        Rejection.Forbidden($"You are not authorized to complete {action} action. The images of this service are configured, not uploaded.");
}
