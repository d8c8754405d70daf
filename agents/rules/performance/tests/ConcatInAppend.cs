using System.Text;

class ConcatInAppend
{
    string Render(string name, int age)
    {
        var sb = new StringBuilder();
        // ruleid: P012
        sb.Append("name=" + name + ", ");
        // ruleid: P012
        sb.AppendLine(age + " years");
        // ok: P012
        sb.Append("name=").Append(name);
        // ok: P012
        sb.Append("a long " + "constant");
        // ok: P012
        sb.Append(age + 1);
        return sb.ToString();
    }
}
